package org.estimator.group;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Map;
import org.estimator.web.Links;

/** The seed contract: create and read a group by name. */
@Path("/rest/v1/group/{name}")
@Produces(MediaType.APPLICATION_JSON)
public class GroupResource {

    private final GroupService groups;

    GroupResource(GroupService groups) {
        this.groups = groups;
    }

    public record GroupName(String groupname) {
    }

    @POST
    public Response create(@PathParam("name") String name, @Context UriInfo uri) {
        groups.create(name, null);
        URI location = Links.group(uri, name);
        return Response.created(location).entity(Map.of()).build();
    }

    @GET
    public GroupName read(@PathParam("name") String name) {
        return new GroupName(groups.require(name).name());
    }
}
